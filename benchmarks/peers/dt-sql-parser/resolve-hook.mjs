// dt-sql-parser 4.5 ships ES modules that import './parser' and './lib/...' without file
// extensions, which Node's ESM loader refuses. This hook retries such relative imports with
// '.js' and '/index.js', as a bundler would.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const retry = err.code === 'ERR_UNSUPPORTED_DIR_IMPORT' || err.code === 'ERR_MODULE_NOT_FOUND';
    if (!retry || !specifier.startsWith('.')) throw err;
    for (const suffix of ['.js', '/index.js']) {
      try {
        return await next(specifier + suffix, context);
      } catch {
        // try the next form
      }
    }
    throw err;
  }
}
