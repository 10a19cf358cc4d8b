/**
 * Side-effect module: installs the `Reflect` metadata polyfill that `@peculiar/x509` (through tsyringe) needs
 * before it is evaluated. Every module that imports `@peculiar/x509` imports this file first:
 *
 * ```ts
 * import './reflect.ts';
 * import * as x509 from '@peculiar/x509';
 * ```
 *
 * It is listed under `sideEffects` in package.json so bundlers keep it.
 *
 * @module
 */
import '@abraham/reflection';
