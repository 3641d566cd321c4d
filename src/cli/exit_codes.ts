// Pure: no I/O. Exit codes, documented in --help and the README (Terraform and Puppet:
// docs/host.md#exit-codes).

/** The exit codes section of every command's --help. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  success (plan: in sync; apply: nothing changed)
  1  error: bad input, or the run could not happen at all (lock held, profile invalid)
  plan --detailed-exitcode (Terraform's 0/1/2, plus apply's failure bit):
     0 converged and in sync, 2 changes pending, 4 some stick blocked or failed,
     6 both, 1 error
  apply --detailed-exitcode (Puppet bit mask):
     0 nothing changed, 2 something changed, 4 some stick failed or is blocked,
     6 changed and failed, 1 could not run
  without --detailed-exitcode, plan and apply exit 0 unless something failed (then 4 for
  apply with failed sticks, 1 for errors)
  capture: 0 every stick captured, 4 file written but some stick not read whole, 1 nothing
     written`;

/** `plan`: converged and nothing to change. */
export const PLAN_IN_SYNC = 0;
/** `plan` and `apply`: bad input, or the run could not happen at all. */
export const PLAN_ERROR = 1;
/** `plan --detailed-exitcode`: changes pending. */
export const PLAN_CHANGES = 2;

/** `apply`: nothing changed, nothing failed. */
export const APPLY_NOTHING = 0;
/** `apply`: the run could not happen at all (lock held, profile invalid). */
export const APPLY_COULD_NOT_RUN = 1;
/** `apply --detailed-exitcode` bit: something changed. */
export const APPLY_CHANGED = 2;
/** `apply` bit: some stick blocked or failed, or the host files could not be written. */
export const APPLY_FAILED = 4;

/** Puppet-style bit mask for `apply --detailed-exitcode`. */
export function applyExitCode(changed: boolean, failed: boolean, detailed: boolean): number {
  if (!detailed) return failed ? APPLY_FAILED : APPLY_NOTHING;
  return (changed ? APPLY_CHANGED : 0) | (failed ? APPLY_FAILED : 0);
}

/** `plan --detailed-exitcode` bit: some stick blocked or failed (apply's failure bit). */
export const PLAN_NOT_CONVERGED = 4;

/**
 * `plan --detailed-exitcode`: Terraform's 0 and 2, plus apply's failure bit, so a fleet that is
 * not converged (a blocked or failed stick) never exits 0 and a drift monitor sees it.
 */
export function planExitCode(pending: boolean, notConverged: boolean, detailed: boolean): number {
  if (!detailed) return PLAN_IN_SYNC;
  return (pending ? PLAN_CHANGES : 0) | (notConverged ? PLAN_NOT_CONVERGED : 0);
}
