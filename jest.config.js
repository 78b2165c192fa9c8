/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  // NestJS 12 ships ES modules; jest (unlike Node 20.19+) cannot require() them, so they are
  // transformed to CommonJS like our own TypeScript.
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uid|file-type|strtok3|token-types|uint8array-extras|@tokenizer|peek-readable|fflate|@borewit)/)'],
  // file-type 21 exports only "import" and "module-sync" conditions, which jest's resolver does not
  // know; Node 20.19+ itself loads it through "module-sync".
  moduleNameMapper: { '^file-type$': '<rootDir>/node_modules/file-type/index.js' },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/boundaries/*.spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
  // A worker that has finished has nothing left open (its 'exit' event fires within a few
  // milliseconds of jest's end message); what takes time is V8 freeing its heap of some 400 MB
  // (Isolate::Delete -> Heap::TearDown, munmap), measured at 0.5 to 3.6 s on a loaded two-core
  // machine. Jest's default 500 ms then kills it and warns "A worker process has failed to exit
  // gracefully". A real leak (a server, socket, child or timer still referenced) keeps a worker
  // alive indefinitely and still gets the warning.
  workerGracefulExitTimeout: 5000,
};
