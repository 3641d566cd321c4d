// Pure: no I/O, no imports. The PDP context types stickmode sets with AT+CGDCONT (3GPP TS 27.007
// 10.1.1): one list for the AT layer, the profile schema, the reconciler and the host renderers.

/** PDP types a profile may ask for: IPv4, IPv6, dual stack. */
export const PDP_TYPES = ["IP", "IPV6", "IPV4V6"] as const;

/** One of PDP_TYPES. */
export type PdpType = typeof PDP_TYPES[number];
