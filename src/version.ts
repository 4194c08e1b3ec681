/**
 * The package version, as a constant: the bundled provider has no package.json beside it.
 * test/unit/version.test.ts keeps it equal to package.json's. The provider installs as this
 * version, and constructs pin `required_providers` to it.
 */
export const VERSION = '0.1.0';
