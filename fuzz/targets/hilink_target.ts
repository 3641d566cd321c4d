// Fuzz target "hilink": real web API answers (fuzz/corpus/hilink_xml.ts) mutated as text, into
// parseHilinkReply and what reads its fields (device information), the request parser the
// simulator uses, and the home page's csrf_token scraper. Allowed error: HilinkXmlError.

import { HilinkXmlError, parseHilinkReply, parseHilinkRequest } from "../../src/hilink/xml.ts";
import { parseDeviceInformation } from "../../src/hilink/device_information.ts";
import { scrapeCsrfTokens } from "../../src/hilink/session_tokens.ts";
import { HILINK_XML_SEEDS } from "../corpus/hilink_xml.ts";
import { mutateText, type SeededRandom } from "../mutate.ts";
import { FuzzOracleError, type FuzzTarget } from "../target.ts";

export interface HilinkInput {
  xml: string;
}

const DICTIONARY = [
  "<",
  ">",
  "</",
  "/>",
  "<response>",
  "</response>",
  "<error>",
  "</error>",
  "<code>",
  "</code>",
  "<request>",
  "<a>",
  "</a>",
  "<!--",
  "-->",
  "<![CDATA[",
  "]]>",
  "&amp;",
  "&lt;",
  "&#x41;",
  "&#65;",
  "&#99999999;",
  "&#xD800;",
  "&",
  ";",
  '<?xml version="1.0" encoding="UTF-8"?>',
  "<?",
  "?>",
  "<!DOCTYPE x>",
  ' a="b"',
  "'",
  '"',
  "\n",
  "\u0000",
  "\uFEFF",
  "é",
  "-1",
  "125002",
  '<meta name="csrf_token" content="x"/>',
];

export const hilinkTarget: FuzzTarget<HilinkInput> = {
  name: "hilink",
  setup: () => Promise.resolve(),
  generate(random: SeededRandom): HilinkInput {
    const seed = random.pick(HILINK_XML_SEEDS);
    return {
      xml: mutateText(random, seed, {
        dictionary: DICTIONARY,
        others: HILINK_XML_SEEDS,
        maxChar: 0x3000,
      }),
    };
  },
  run({ xml }: HilinkInput): void {
    scrapeCsrfTokens(xml);
    try {
      parseHilinkRequest(xml);
    } catch (e) {
      if (!(e instanceof HilinkXmlError)) throw e;
    }
    let reply;
    try {
      reply = parseHilinkReply(xml);
    } catch (e) {
      if (!(e instanceof HilinkXmlError)) throw e;
      return;
    }
    if (reply.kind === "error") {
      if (!Number.isFinite(reply.code)) {
        throw new FuzzOracleError(`error code ${reply.code} is not a finite number`);
      }
      return;
    }
    parseDeviceInformation(reply.fields);
  },
};
