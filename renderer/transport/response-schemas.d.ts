/** Made by the build (scripts/response-schemas-module.ts): each answer kind's schema as plain JSON Schema. */
declare module 'virtual:response-schemas' {
  const schemas: { readonly [K in import('../../shared/model/api-responses.js').ResponseKind]: Readonly<Record<string, unknown>> };
  export default schemas;
}
