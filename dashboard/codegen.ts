// Operation types generated from the API's SDL snapshot (docs/schema.graphql). Every
// document in src/lib/api/*.graphql is validated against it, so a schema change that
// breaks the app fails `npm run check` and `npm run build`.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../docs/schema.graphql',
  documents: ['src/lib/api/*.graphql'],
  errorsOnly: true,
  generates: {
    'src/lib/api/generated.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: { DateTime: 'string', Decimal: 'string', Duration: 'string', JSON: 'unknown', Upload: 'File' },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        skipTypename: true,
        onlyOperationTypes: true,
        useTypeImports: true,
        documentMode: 'string',
      },
    },
  },
};
export default config;
