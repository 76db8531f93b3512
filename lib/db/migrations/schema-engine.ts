import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

// Prisma's schema engine, compiled to WebAssembly, driven through a JS driver adapter. The Prisma
// CLI would download a native engine binary for this; the wasm build works offline. Its package
// entry imports the .wasm file as an ES module, which Node does not support, so it is instantiated
// here by hand the way wasm-bindgen's generated loader would.

type BindingModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg") & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let binding: Promise<BindingModule> | undefined;

async function loadBinding(): Promise<BindingModule> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as BindingModule;
  const bytes = fs.readFileSync(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  // The engine reports Rust panics through this global before throwing.
  const globals = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  globals.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      console.error(`Prisma schema engine panicked: ${message}`);
    },
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export interface SchemaFile {
  path: string;
  content: string;
}

/** Starts a schema engine bound to `adapterFactory` (main and shadow database). */
export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaFiles: SchemaFile[],
  onLog: (line: string) => void = () => {},
): Promise<SchemaEngine> {
  // The engine panics (and its promise never settles) on an empty schema list.
  if (schemaFiles.length === 0) throw new Error("The schema engine needs at least one schema file.");
  binding ??= loadBinding();
  const { SchemaEngine } = await binding;
  return SchemaEngine.new(
    { datamodels: schemaFiles.map((file) => [file.path, file.content]) },
    onLog,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
