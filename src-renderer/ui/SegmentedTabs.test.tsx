import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SegmentedTabs } from './SegmentedTabs';

const render = (value: 'a' | 'b', className?: string) =>
  renderToStaticMarkup(
    <SegmentedTabs
      label="Views"
      options={[
        { key: 'a', label: 'First' },
        { key: 'b', label: 'Second' },
      ]}
      value={value}
      onChange={() => undefined}
      testIdPrefix="v"
      {...(className ? { className } : {})}
    />,
  );

describe('segmented tabs', () => {
  it('is a labelled tablist whose selected tab alone is on and aria-selected', () => {
    const html = render('b');
    expect(html).toContain('class="segmented" role="tablist" aria-label="Views"');
    expect(html).toMatch(/role="tab" aria-selected="false" class="seg" data-testid="v-a">First/);
    expect(html).toMatch(/role="tab" aria-selected="true" class="seg on" data-testid="v-b">Second/);
  });

  it('adds a placement class beside segmented', () => {
    expect(render('a', 'doc-views')).toContain('class="segmented doc-views"');
  });
});
