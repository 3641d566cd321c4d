// Pure (given its random source): a capture file from what was recorded, masked, checked
// against the schema and bounded in size before anyone writes it.

import {
  CAPTURE_FORMAT,
  CAPTURE_FORMAT_VERSION,
  CAPTURE_MAX_BYTES,
  type CapturedPersonality,
  type CapturedStick,
  type CapturedUsb,
  type CaptureFile,
  CaptureFileSchema,
} from "./capture_format.ts";
import { maskCapture } from "./mask.ts";
import type { StickRecording } from "./recorder.ts";
import { cryptoRandom, type Random } from "./replacements.ts";

/** Everything captured of one stick before masking. */
export interface StickCapture {
  name: string | null;
  usb: CapturedUsb;
  personalities: CapturedPersonality[];
  recording: StickRecording;
  /** What went wrong with this stick ("Cannot ..."), or null. */
  problem: string | null;
}

/** What a capture file is made of. */
export interface CaptureInput {
  capturedAt: Date;
  stickmodeVersion: string;
  note: string | null;
  sticks: StickCapture[];
}

/** A capture ready to write: its text and what it holds. */
export interface EncodedCapture {
  text: string;
  file: CaptureFile;
  bytes: number;
}

/**
 * The capture file of `input`, masked and serialized.
 * @throws {Error} when the file would break the schema or exceed CAPTURE_MAX_BYTES (a capture
 *   is only written whole), or an identity survived masking
 */
export function encodeCapture(input: CaptureInput, random: Random = cryptoRandom): EncodedCapture {
  const file: CaptureFile = {
    format: CAPTURE_FORMAT,
    formatVersion: CAPTURE_FORMAT_VERSION,
    capturedAt: input.capturedAt.toISOString(),
    stickmodeVersion: input.stickmodeVersion,
    masked: [],
    ...(input.note === null ? {} : { note: input.note }),
    sticks: input.sticks.map(capturedStick),
  };
  const masked = maskCapture(file, random);
  const checked = CaptureFileSchema.safeParse(masked.file);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new Error(
      `Cannot write the capture file: ${issue.path.join(".") || "(top)"}: ${issue.message}`,
    );
  }
  const bytes = new TextEncoder().encode(masked.text).length;
  if (bytes > CAPTURE_MAX_BYTES) {
    throw new Error(
      `Cannot write the capture file: ${bytes} bytes is over the ${CAPTURE_MAX_BYTES}-byte limit ` +
        `(capture fewer sticks at once)`,
    );
  }
  return { text: masked.text, file: checked.data, bytes };
}

function capturedStick(s: StickCapture): CapturedStick {
  const r = s.recording;
  return {
    ...(s.name === null ? {} : { name: s.name.slice(0, 64) }),
    usb: s.usb,
    ...(r.hilinkAddress === undefined ? {} : { hilinkAddress: r.hilinkAddress.slice(0, 64) }),
    personalities: s.personalities.slice(0, 64),
    at: r.at,
    hilink: r.hilink,
    ...(s.problem === null ? {} : { problem: s.problem.slice(0, 1024) }),
  };
}
