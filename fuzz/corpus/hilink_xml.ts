// Pure: no I/O. Seeds for the HiLink fuzz target: the real web API answers of DOMAIN_EVIDENCE.md
// T10 (device information, monitoring status, error envelopes, SesTokInfo, token) and a home
// page with the csrf_token meta tags the session handshake scrapes.

export const HILINK_XML_SEEDS: readonly string[] = [
  `<?xml version="1.0" encoding="UTF-8"?>
<response>
<DeviceName>E3372</DeviceName>
<SerialNumber>Y4QDU17621000872</SerialNumber>
<Imei>866850029360451</Imei>
<Imsi></Imsi>
<Iccid></Iccid>
<Msisdn></Msisdn>
<HardwareVersion>CL2E3372HM</HardwareVersion>
<SoftwareVersion>22.333.01.00.00</SoftwareVersion>
<WebUIVersion>17.100.13.112.03</WebUIVersion>
<MacAddress1>BA:AB:BE:34:00:00</MacAddress1>
<MacAddress2></MacAddress2>
<ProductFamily>LTE</ProductFamily>
<Classify>hilink</Classify>
<supportmode>LTE|WCDMA|GSM</supportmode>
<workmode>NO SERVICE</workmode>
<WanIPAddress></WanIPAddress>
<WanIPv6Address></WanIPv6Address>
</response>
`,
  `<?xml version="1.0" encoding="UTF-8"?>
<response>
<ConnectionStatus>902</ConnectionStatus>
<SimStatus>255</SimStatus>
<SignalIcon>0</SignalIcon>
<maxsignal>5</maxsignal>
</response>
`,
  `<?xml version="1.0" encoding="UTF-8"?>
<error><code>112008</code><message></message></error>
`,
  `<?xml version="1.0" encoding="UTF-8"?>
<error><code>125002</code><message></message></error>
`,
  `<response>
<SesInfo>SessionID=4Xr6pqD9k5i8bTSX32YGrVGirdhK7zyNYFVjzP38q8/0JTxgAmOKfDpMJ8lmeJbstBJIvR7JLU5wc7zejlpn8kpuzRsh/oajMHwMklaXrF3RKiUTU5v4tI9tAZxVL6tm</SesInfo>
<TokInfo>ttws6CQ9WT5EftzoWYS6yVCEfRNK3BhE</TokInfo>
</response>
`,
  `<response>
  <token>ytnlWoj5BfwZz70dS8uX9uIc0NCPLIlqLb2Ype0fidnc23aLk6b20yzWNkYm4dYY</token>
</response>
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
