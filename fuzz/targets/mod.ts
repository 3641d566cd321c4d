// The fuzz targets by name, in the order a run goes through them.

import type { FuzzTarget } from "../target.ts";
import { profileTarget } from "./profile_target.ts";
import { atTarget } from "./at_target.ts";
import { hilinkTarget } from "./hilink_target.ts";
import { lockTarget } from "./lock_target.ts";
import { atStreamTarget } from "./at_stream_target.ts";

export const TARGETS: Readonly<Record<string, FuzzTarget<unknown>>> = {
  profile: profileTarget as FuzzTarget<unknown>,
  at: atTarget as FuzzTarget<unknown>,
  hilink: hilinkTarget as FuzzTarget<unknown>,
  lock: lockTarget as FuzzTarget<unknown>,
  "at-stream": atStreamTarget as FuzzTarget<unknown>,
};
