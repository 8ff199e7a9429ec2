// Three tiers by suffix (STYLE.md habit 11): pure unit specs, integration specs against the
// machine's PostgreSQL and Redis, and end-to-end specs driving the HTTP API.
const path = require('path');
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper['^' + alias.replace('/*', '/(.*)') + '$'] =
    path.join('<rootDir>', target.replace('/*', '/$1'));
}

const transform = {
  '^.+\\.ts$': [
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
  ],
};

const common = { rootDir: __dirname, moduleNameMapper, transform, testEnvironment: 'node' };

module.exports = {
  // A connection a test forgot to close must not keep CI waiting forever after the last test;
  // `npx jest --detectOpenHandles` names such leaks, and they are fixed where found.
  forceExit: true,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.unit.spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/setup/unit.setup.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{apps,libs}/**/*.int.spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/setup/int.setup.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/setup/int.setup.ts'] },
  ],
};
