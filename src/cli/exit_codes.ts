// Exit codes, documented in --help and the README (Terraform and Puppet: docs/host.md#exit-codes).

export const EXIT_CODES_HELP = `
Exit codes:
  0  success (plan: in sync; apply: nothing changed)
  1  error: bad input, or the run could not happen at all (lock held, profile invalid)
  plan --detailed-exitcode (Terraform):  0 in sync, 2 changes pending, 1 error
  apply --detailed-exitcode (Puppet bit mask):
     0 nothing changed, 2 something changed, 4 some stick failed or is blocked,
     6 changed and failed, 1 could not run
  without --detailed-exitcode, plan and apply exit 0 unless something failed (then 4 for
  apply with failed sticks, 1 for errors)`;

export const PLAN_IN_SYNC = 0;
export const PLAN_ERROR = 1;
export const PLAN_CHANGES = 2;

export const APPLY_NOTHING = 0;
export const APPLY_COULD_NOT_RUN = 1;
export const APPLY_CHANGED = 2;
export const APPLY_FAILED = 4;

/** Puppet-style bit mask for `apply --detailed-exitcode`. */
export function applyExitCode(changed: boolean, failed: boolean, detailed: boolean): number {
  if (!detailed) return failed ? APPLY_FAILED : APPLY_NOTHING;
  return (changed ? APPLY_CHANGED : 0) | (failed ? APPLY_FAILED : 0);
}

/** Terraform-style code for `plan --detailed-exitcode`. */
export function planExitCode(pending: boolean, detailed: boolean): number {
  return detailed && pending ? PLAN_CHANGES : PLAN_IN_SYNC;
}
