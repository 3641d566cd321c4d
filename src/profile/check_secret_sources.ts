// What `stickmode validate` adds to loading a profile: every secret file and variable it names
// exists, is readable and has a safe mode. Problems point at the key that names the source.

import type { LoadedProfile } from "./load.ts";
import { formatPath, type Problem } from "./problem.ts";
import { readSecret, SecretError, type SecretKind } from "./secrets.ts";

const SOURCES: {
  section: "apn" | "sim" | "hilink";
  kind: SecretKind;
  file: string;
  env: string;
}[] = [
  { section: "sim", kind: "SIM PIN", file: "pinFile", env: "pinEnv" },
  { section: "apn", kind: "APN password", file: "passwordFile", env: "passwordEnv" },
  { section: "hilink", kind: "HiLink password", file: "passwordFile", env: "passwordEnv" },
];

/** Reads every secret source of the profile once (registering each value) and reports failures. */
export async function checkSecretSources(loaded: LoadedProfile): Promise<Problem[]> {
  const { profile } = loaded;
  const sections: { path: PropertyKey[]; values: Record<string, unknown> | undefined }[] = [];
  for (const { section } of SOURCES) {
    sections.push({ path: ["defaults", section], values: profile.defaults[section] });
    profile.sticks.forEach((stick, i) =>
      sections.push({ path: ["sticks", i, section], values: stick[section] })
    );
  }
  const problems: Problem[] = [];
  for (const { path, values } of sections) {
    if (values === undefined) continue;
    const spec = SOURCES.find((s) => s.section === path[path.length - 1]);
    if (spec === undefined) continue;
    for (const key of [spec.file, spec.env]) {
      const name = values[key];
      if (typeof name !== "string") continue;
      try {
        await readSecret(spec.kind, key === spec.file ? { file: name } : { env: name });
      } catch (e) {
        if (!(e instanceof SecretError)) throw e;
        const at = [...path, key];
        problems.push({
          file: loaded.file,
          ...loaded.locate(at),
          path: formatPath(at),
          message: `${e.from}: ${e.detail}`,
        });
      }
    }
  }
  return problems;
}
