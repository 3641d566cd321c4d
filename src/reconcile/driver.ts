// The real StickDriver: observe and execute against devices, through DriverContext.

import type { StickDriver } from "./controller.ts";
import type { DriverContext } from "./driver_context.ts";
import { executeStep } from "./execute.ts";
import { observeStick } from "./observe.ts";

/** The real StickDriver: observes over sysfs, AT and HiLink; executes steps on the stick. */
export function createStickDriver(ctx: DriverContext): StickDriver {
  return {
    observe: (stick, prior) => observeStick(stick, ctx, prior),
    execute: (step, observed) => executeStep(step, observed, ctx),
    release: (portPath) => {
      ctx.hilinkClients.release(portPath);
      ctx.atSessions.release(portPath);
      ctx.settling.drop(portPath);
    },
  };
}
