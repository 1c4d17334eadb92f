// The renderer's stylesheets keep to the theme's tokens (src-renderer/ui/styles/theme.css): a
// check over the CSS, beside the lint rules that hold the code's layers.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = path.resolve(import.meta.dirname, '..', 'src-renderer');
const THEME = path.join(RENDERER, 'ui', 'styles', 'theme.css');

/** Every stylesheet under `dir`. */
function sheets(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sheets(path.join(dir, e.name))
      : e.name.endsWith('.css')
        ? [path.join(dir, e.name)]
        : [],
  );
}

describe('type sizes come from the theme tokens', () => {
  it('no stylesheet but the theme sets a font size in pixels (use var(--fs-*))', () => {
    const files = sheets(RENDERER).filter((f) => f !== THEME);
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          /font-size:\s*[\d.]+px/.test(line)
            ? [`${path.relative(RENDERER, file)}:${i + 1} ${line.trim()}`]
            : [],
        ),
    );
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
