/**
 * The import graph of the server (server/src), checked in `npm run lint`: no cycle, type-only
 * imports included. The services are wired in one place (server/src/services/index.ts), so every
 * dependency between them is an import this check sees.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules depend one way. A lower module that must tell a higher one something takes a ' +
        'callback, passed in by the wiring (server/src/services/index.ts).',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Type-only imports count: a cycle through types is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
