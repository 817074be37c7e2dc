/** Attribute values: `true` sets an empty attribute, `false` and `undefined` leave it out. */
export type Attrs = Record<string, string | boolean | undefined>;

/**
 * Creates an element. Children given as strings become text nodes, so customer and agent text
 * is never parsed as HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

const svgNs = 'http://www.w3.org/2000/svg';

const iconPaths = {
  chat: 'M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3 0-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z',
  close: 'M6 6l12 12M18 6L6 18',
  minimize: 'M6 9l6 6 6-6',
  send: 'M4 12l16-8-6 16-2.5-6.5z',
  clip: 'M15.5 7.5l-6.8 6.8a1.8 1.8 0 0 0 2.5 2.5l7-7a3.5 3.5 0 0 0-5-5l-7 7a5.2 5.2 0 0 0 7.4 7.4l6.4-6.4',
  file: 'M7 3h7l5 5v13H7zM14 3v5h5M12 11v6M9.5 14.5L12 17l2.5-2.5',
} as const;

export type IconName = keyof typeof iconPaths;

/** A decorative 24×24 stroke icon; the button around it carries the accessible name. */
export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('icon');
  const path = document.createElementNS(svgNs, 'path');
  path.setAttribute('d', iconPaths[name]);
  svg.append(path);
  return svg;
}
