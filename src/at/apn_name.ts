// Pure: no I/O. The one rule for an APN name, shared by the profile schema, the host file checks
// and AT+CGDCONT. 3GPP TS 23.003 9.1: the APN network identifier is labels of letters, digits
// and "-" (not at a label's ends) joined by "."; "_" is seen in the field, so it is allowed too.
// TS 23.003 caps the whole APN at 100 octets. Nothing else (quotes, spaces, ",") can reach a
// quoted AT argument or a host file through it.

const APN_LABEL = /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$/;
const APN_MAX_LENGTH = 100;

/** The rule in words, for messages: "expected <APN_NAME_RULE>". */
export const APN_NAME_RULE =
  'labels of letters, digits, "-" or "_" joined by ".", at most 100 characters';

/** Whether `apn` is an APN name by the rule above (empty is not). */
export function isApnName(apn: string): boolean {
  return apn.length <= APN_MAX_LENGTH && apn.split(".").every((label) => APN_LABEL.test(label));
}
