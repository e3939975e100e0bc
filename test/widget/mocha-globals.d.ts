// The Mocha globals web-test-runner puts on the test page, typed for the few these tests use
// (the project has no @types/mocha).
declare global {
  function describe(title: string, body: () => void): void;
  function it(title: string, test: () => unknown): void;
  function beforeEach(hook: () => unknown): void;
  function afterEach(hook: () => unknown): void;
}

export {};
