import { Extension, type CommandProps } from '@tiptap/core';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    indent: {
      /** Moves the selected paragraphs and headings one step right. */
      indent: () => ReturnType;
      /** Moves them one step left (not past the margin). */
      outdent: () => ReturnType;
    };
  }
}

/** Steps an agent can indent by; each is `stepEm` of left margin in the sent mail. */
export const maxIndent = 8;
const stepEm = 2;
const types = ['paragraph', 'heading'];

/**
 * Indent right / left (R-EM-3): TipTap has no official extension, so paragraphs and headings
 * get an `indent` level rendered as an inline `margin-left` — what mail clients keep and the
 * server's sanitiser lets through. Mod-] and Mod-[ as in mail clients; Tab stays for leaving
 * the editor by keyboard.
 */
export const Indent = Extension.create({
  name: 'indent',

  addGlobalAttributes() {
    return [
      {
        types,
        attributes: {
          indent: {
            default: 0,
            parseHTML: (element) => {
              const em = /^(\d+(?:\.\d+)?)em$/.exec(element.style.marginLeft.trim());
              return em ? Math.min(maxIndent, Math.round(Number(em[1]) / stepEm)) : 0;
            },
            renderHTML: (attributes: { indent?: number }) =>
              attributes.indent ? { style: `margin-left: ${attributes.indent * stepEm}em` } : {},
          },
        },
      },
    ];
  },

  addCommands() {
    const shift =
      (by: number) =>
      () =>
      ({ tr, state, dispatch }: CommandProps) => {
        let changed = false;
        const { from, to } = state.selection;
        state.doc.nodesBetween(from, to, (node, pos) => {
          if (!types.includes(node.type.name)) return true;
          const current = Number(node.attrs.indent ?? 0);
          const next = Math.max(0, Math.min(maxIndent, current + by));
          if (next !== current) {
            tr.setNodeMarkup(pos, undefined, { ...node.attrs, indent: next });
            changed = true;
          }
          return false;
        });
        if (changed && dispatch) dispatch(tr);
        return changed;
      };
    return { indent: shift(1), outdent: shift(-1) };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-]': () => this.editor.commands.indent(),
      'Mod-[': () => this.editor.commands.outdent(),
    };
  },
});
