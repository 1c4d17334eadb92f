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
    expect(html).toMatch(
      /role="tab" aria-selected="false" tabindex="-1" class="seg" data-testid="v-a">First/,
    );
    expect(html).toMatch(
      /role="tab" aria-selected="true" tabindex="0" class="seg on" data-testid="v-b">Second/,
    );
  });

  it('has one tab stop: the selected tab, or the first when none of them is selected', () => {
    expect(render('a').match(/tabindex="0"/g)).toHaveLength(1);
    const none = renderToStaticMarkup(
      <SegmentedTabs
        label="Views"
        options={[
          { key: 'a', label: 'First' },
          { key: 'b', label: 'Second' },
        ]}
        value={'c' as 'a'}
        onChange={() => undefined}
        testIdPrefix="v"
      />,
    );
    expect(none).toMatch(/tabindex="0" class="seg" data-testid="v-a"/);
    expect(none).toMatch(/tabindex="-1" class="seg" data-testid="v-b"/);
  });

  it('gives the strip a test id and each option its own look and tooltip', () => {
    const html = renderToStaticMarkup(
      <SegmentedTabs
        label="Targets"
        options={[
          { key: 'a', label: 'All', className: 'chip' },
          { key: 'b', label: 'db1', className: 'chip mono', title: 'the first host' },
        ]}
        value="b"
        onChange={() => undefined}
        testIdPrefix="t"
        testId="targets"
      />,
    );
    expect(html).toContain('role="tablist" aria-label="Targets" data-testid="targets"');
    expect(html).toContain('class="seg chip" data-testid="t-a"');
    expect(html).toContain('title="the first host" class="seg chip mono on" data-testid="t-b"');
  });

  it('adds a placement class beside segmented', () => {
    expect(render('a', 'doc-views')).toContain('class="segmented doc-views"');
  });
});
