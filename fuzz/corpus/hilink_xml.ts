// Pure: no I/O. Seeds for the HiLink fuzz target: the real web API answers of docs/domain.md#t10
// (device information, monitoring status, error envelopes, SesTokInfo, token) and a home
// page with the csrf_token meta tags the session handshake scrapes.

import {
  T10_DEVICE_INFORMATION,
  T10_MONITORING_STATUS,
  T10_SESTOKINFO,
  T10_TOKEN,
} from "../../tests/fixtures/hilink_t10.ts";

export const HILINK_XML_SEEDS: readonly string[] = [
  T10_DEVICE_INFORMATION,
  T10_MONITORING_STATUS,
  T10_SESTOKINFO,
  T10_TOKEN,
  `<?xml version="1.0" encoding="UTF-8"?>
<error><code>112008</code><message></message></error>
`,
  `<?xml version="1.0" encoding="UTF-8"?>
<error><code>125002</code><message></message></error>
`,
  `<?xml version="1.0" encoding="UTF-8"?>
<response>OK</response>
`,
  `<?xml version="1.0" encoding="UTF-8"?><response><State>-1</State><Username></Username>` +
  `<password_type>4</password_type></response>`,
  `<!DOCTYPE html>
<html><head>
<meta http-equiv="X-UA-Compatible" content="IE=edge"/>
<meta name="csrf_token" content="ytnlWoj5BfwZz70dS8uX9uIc0NCPLIlq"/>
<meta name="csrf_token" content="Lb2Ype0fidnc23aLk6b20yzWNkYm4dYY"/>
<title>E3372</title></head><body></body></html>
`,
];
