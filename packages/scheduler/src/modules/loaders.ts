// The built-in modules `require` finds through each process's
// package.preload (runtime spec §11.2): name and loader.

import { HTTP_CLIENT_LOADER } from "./http-client.js";
import { JSON_LOADER } from "./json.js";
import { SQL_LOADER } from "./sql/sql-lib.js";
import type { HostFunction } from "../vm.js";

export const MODULE_LOADERS: readonly (readonly [string, HostFunction])[] = [
  ["json", JSON_LOADER],
  ["sql", SQL_LOADER],
  ["http_client", HTTP_CLIENT_LOADER],
];
