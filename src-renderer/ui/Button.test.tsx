import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { Button, buttonClassName } from './Button';

describe('Button', () => {
  it('class list: btn, then the variant (none for default), then busy and extra classes', () => {
    expect(buttonClassName()).toBe('btn');
    expect(buttonClassName('primary')).toBe('btn primary');
    expect(buttonClassName('danger', true, 'icon')).toBe('btn danger busy icon');
  });

  it('a busy button is disabled, says aria-busy and shows the busy label instead of the label', () => {
    const html = renderToStaticMarkup(
      <Button variant="primary" busy busyLabel="Saving…">
        Save
      </Button>,
    );
    expect(html).toContain('disabled=""');
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain('Saving…');
    expect(html).not.toContain('>Save<');
  });

  it('an idle button is a plain type=button with its label', () => {
    const html = renderToStaticMarkup(<Button testId="b">Save</Button>);
    expect(html).toBe('<button type="button" class="btn" data-testid="b">Save</button>');
  });
});
