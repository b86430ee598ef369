// custom-elements.json is generated from the element sources (JSDoc tags) and committed; a test checks it is fresh.
export default {
  globs: ['components/**/*.ts'],
  exclude: ['components/**/*.test.ts', 'components/**/*.styles.ts'],
  litelement: true,
};
