import {
  ActionIcon,
  Button,
  ColorSwatch,
  Divider,
  FileButton,
  Group,
  Menu,
  Popover,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import {
  IconBlockquote,
  IconBold,
  IconColumnInsertRight,
  IconColumnRemove,
  IconH1,
  IconIndentDecrease,
  IconIndentIncrease,
  IconItalic,
  IconLink,
  IconList,
  IconListNumbers,
  IconPalette,
  IconPhoto,
  IconRowInsertBottom,
  IconRowRemove,
  IconStrikethrough,
  IconTable,
  IconTablePlus,
  IconUnderline,
  type Icon,
} from '@tabler/icons-react';
import Image from '@tiptap/extension-image';
import { TableKit } from '@tiptap/extension-table';
import { Color, TextStyle } from '@tiptap/extension-text-style';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Indent } from './indent.ts';
import './rich-editor.css';

/** Text colours offered: dark enough to read on white in any mail client. */
const colours = ['#212529', '#c92a2a', '#e8590c', '#2b8a3e', '#1971c2', '#6741d9'];

/** A picture pasted into a reply travels inside it; bigger files belong in attachments. */
export const inlineImageMaxBytes = 100 * 1024;
const imageTypes = 'image/png,image/jpeg,image/gif,image/webp';

export interface RichEditorProps {
  /** The body to start from (a draft or a filled-in template). */
  initialHtml: string;
  onChange: (html: string, empty: boolean) => void;
  disabled: boolean;
  /** Ctrl/Cmd+Enter. */
  onSubmit: () => void;
  label: string;
}

function ToolButton({
  label,
  shortcut,
  active = false,
  disabled,
  onClick,
  testId,
  children,
}: {
  label: string;
  shortcut?: string;
  active?: boolean;
  disabled: boolean;
  onClick: () => void;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Tooltip label={shortcut ? `${label} (${shortcut})` : label} openDelay={400} withinPortal>
      <ActionIcon
        variant={active ? 'light' : 'subtle'}
        color={active ? 'indigo' : 'gray'}
        size="md"
        aria-label={label}
        aria-pressed={active}
        disabled={disabled}
        // A click leaves the focus (and the selection) in the text, as in any editor's toolbar.
        onMouseDown={(event) => event.preventDefault()}
        onClick={onClick}
        data-testid={testId}
      >
        {children}
      </ActionIcon>
    </Tooltip>
  );
}

/** A toolbar button that toggles or applies one thing; `name` is its label (`compose.…`). */
interface Tool {
  name:
    | 'heading'
    | 'bold'
    | 'italic'
    | 'underline'
    | 'strike'
    | 'orderedList'
    | 'bulletList'
    | 'quote'
    | 'indent'
    | 'outdent';
  icon: Icon;
  shortcut: string;
  active?: boolean;
  run: () => void;
}

/** Buttons of tools side by side; each test id is `tool-` and its name in kebab case. */
function ToolButtons({ tools, disabled }: { tools: readonly Tool[]; disabled: boolean }) {
  const { t } = useTranslation();
  return tools.map((tool) => (
    <ToolButton
      key={tool.name}
      label={t(`compose.${tool.name}`)}
      shortcut={tool.shortcut}
      active={tool.active}
      disabled={disabled}
      onClick={tool.run}
      testId={`tool-${tool.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`}
    >
      <tool.icon size={18} />
    </ToolButton>
  ));
}

const modKey = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/**
 * R-EM-3's rich text editor (TipTap 3, loaded only when a standard reply opens): Heading 1,
 * bold, italic, underline, strikethrough, text colour, lists, block quote, table, link,
 * indent right / left and inline pictures; every tool has a label and, where TipTap has one,
 * its shortcut.
 */
export default function RichEditor({
  initialHtml,
  onChange,
  disabled,
  onSubmit,
  label,
}: RichEditorProps) {
  const { t } = useTranslation();
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('');
  const [imageError, setImageError] = useState<string | null>(null);
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [1] },
        code: false,
        codeBlock: false,
        horizontalRule: false,
        link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
      }),
      TextStyle,
      Color,
      // Borders and padding as attributes: the customer's mail client has no stylesheet of ours.
      TableKit.configure({
        table: {
          resizable: false,
          HTMLAttributes: { border: '1', cellpadding: '6', style: 'border-collapse: collapse' },
        },
      }),
      Image.configure({ allowBase64: true }),
      Indent,
    ],
    content: initialHtml,
    editable: !disabled,
    editorProps: {
      attributes: { 'aria-label': label, 'aria-multiline': 'true', role: 'textbox' },
      handleKeyDown: (_view, event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          onSubmit();
          return true;
        }
        return false;
      },
    },
    onUpdate: ({ editor: changed }) => onChange(changed.getHTML(), changed.isEmpty),
  });
  const state = useEditorState({
    editor,
    selector: ({ editor: e }: { editor: Editor }) => ({
      heading: e.isActive('heading', { level: 1 }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      strike: e.isActive('strike'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      link: e.isActive('link'),
      inTable: e.isActive('table'),
      color: (e.getAttributes('textStyle').color as string | undefined) ?? null,
    }),
  });
  // The text gets focus back at once: TipTap's own focus waits a frame, and a key typed right
  // after a click on a tool went to the toolbar and was lost.
  const chain = () => {
    editor.view.focus();
    return editor.chain().focus();
  };
  const off = disabled;
  const marks: Tool[] = [
    {
      name: 'heading',
      icon: IconH1,
      shortcut: `${modKey}+Alt+1`,
      active: state.heading,
      run: () => chain().toggleHeading({ level: 1 }).run(),
    },
    {
      name: 'bold',
      icon: IconBold,
      shortcut: `${modKey}+B`,
      active: state.bold,
      run: () => chain().toggleBold().run(),
    },
    {
      name: 'italic',
      icon: IconItalic,
      shortcut: `${modKey}+I`,
      active: state.italic,
      run: () => chain().toggleItalic().run(),
    },
    {
      name: 'underline',
      icon: IconUnderline,
      shortcut: `${modKey}+U`,
      active: state.underline,
      run: () => chain().toggleUnderline().run(),
    },
    {
      name: 'strike',
      icon: IconStrikethrough,
      shortcut: `${modKey}+Shift+S`,
      active: state.strike,
      run: () => chain().toggleStrike().run(),
    },
  ];
  const blocks: Tool[] = [
    {
      name: 'orderedList',
      icon: IconListNumbers,
      shortcut: `${modKey}+Shift+7`,
      active: state.orderedList,
      run: () => chain().toggleOrderedList().run(),
    },
    {
      name: 'bulletList',
      icon: IconList,
      shortcut: `${modKey}+Shift+8`,
      active: state.bulletList,
      run: () => chain().toggleBulletList().run(),
    },
    {
      name: 'quote',
      icon: IconBlockquote,
      shortcut: `${modKey}+Shift+B`,
      active: state.blockquote,
      run: () => chain().toggleBlockquote().run(),
    },
    {
      name: 'indent',
      icon: IconIndentIncrease,
      shortcut: `${modKey}+]`,
      run: () => chain().indent().run(),
    },
    {
      name: 'outdent',
      icon: IconIndentDecrease,
      shortcut: `${modKey}+[`,
      run: () => chain().outdent().run(),
    },
  ];
  const tableTools = [
    {
      name: 'tableInsert',
      icon: IconTablePlus,
      testId: 'table-insert',
      run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: false }).run(),
    },
    {
      name: 'tableAddRow',
      icon: IconRowInsertBottom,
      testId: 'table-add-row',
      run: () => chain().addRowAfter().run(),
    },
    {
      name: 'tableAddColumn',
      icon: IconColumnInsertRight,
      testId: 'table-add-column',
      run: () => chain().addColumnAfter().run(),
    },
    {
      name: 'tableDeleteRow',
      icon: IconRowRemove,
      testId: 'table-delete-row',
      run: () => chain().deleteRow().run(),
    },
    {
      name: 'tableDeleteColumn',
      icon: IconColumnRemove,
      testId: 'table-delete-column',
      run: () => chain().deleteColumn().run(),
    },
  ] as const;

  const applyLink = () => {
    const url = href.trim();
    if (url === '') chain().extendMarkRange('link').unsetLink().run();
    else chain().extendMarkRange('link').setLink({ href: url }).run();
    setLinkOpen(false);
  };
  const insertImage = (file: File | null) => {
    if (!file) return;
    if (!imageTypes.split(',').includes(file.type)) {
      setImageError(t('compose.imageType'));
      return;
    }
    if (file.size > inlineImageMaxBytes) {
      setImageError(t('compose.imageTooLarge', { max: inlineImageMaxBytes / 1024 }));
      return;
    }
    setImageError(null);
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === 'string') {
        chain().setImage({ src: reader.result, alt: file.name }).run();
      }
    };
    reader.readAsDataURL(file);
  };

  return (
    <Stack gap={0} className="sd-rich-editor" data-testid="compose-editor">
      <Group
        gap={2}
        px={4}
        py={4}
        wrap="wrap"
        role="toolbar"
        aria-label={t('compose.toolbar')}
        className="sd-rich-toolbar"
      >
        <ToolButtons tools={marks} disabled={off} />
        <Menu
          position="bottom-start"
          withinPortal
          shadow="md"
          returnFocus={false}
          onClose={() => editor.commands.focus()}
        >
          <Menu.Target>
            <Tooltip label={t('compose.colour')} openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('compose.colour')}
                disabled={off}
                data-testid="tool-colour"
              >
                <IconPalette size={18} color={state.color ?? undefined} />
              </ActionIcon>
            </Tooltip>
          </Menu.Target>
          <Menu.Dropdown>
            <Group gap={6} p={4} maw={200}>
              {colours.map((colour) => (
                <ColorSwatch
                  key={colour}
                  component="button"
                  type="button"
                  color={colour}
                  size={22}
                  aria-label={t('compose.colourValue', { colour })}
                  onClick={() => chain().setColor(colour).run()}
                  data-testid="tool-colour-swatch"
                  data-colour={colour}
                  style={{ cursor: 'pointer' }}
                />
              ))}
            </Group>
            <Menu.Item onClick={() => chain().unsetColor().run()}>
              {t('compose.colourReset')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        <Divider orientation="vertical" mx={2} />
        <ToolButtons tools={blocks} disabled={off} />
        <Divider orientation="vertical" mx={2} />
        <Menu
          position="bottom-start"
          withinPortal
          shadow="md"
          returnFocus={false}
          onClose={() => editor.commands.focus()}
        >
          <Menu.Target>
            <Tooltip label={t('compose.table')} openDelay={400}>
              <ActionIcon
                variant={state.inTable ? 'light' : 'subtle'}
                color={state.inTable ? 'indigo' : 'gray'}
                aria-label={t('compose.table')}
                disabled={off}
                data-testid="tool-table"
              >
                <IconTable size={18} />
              </ActionIcon>
            </Tooltip>
          </Menu.Target>
          <Menu.Dropdown>
            {tableTools.map((tool) => (
              <Menu.Item
                key={tool.name}
                leftSection={<tool.icon size={16} />}
                disabled={tool.name !== 'tableInsert' && !state.inTable}
                onClick={tool.run}
                data-testid={tool.testId}
              >
                {t(`compose.${tool.name}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Popover
          opened={linkOpen}
          onChange={setLinkOpen}
          position="bottom-start"
          trapFocus
          withinPortal
          shadow="md"
        >
          <Popover.Target>
            <Tooltip label={`${t('compose.link')} (${modKey}+K)`} openDelay={400}>
              <ActionIcon
                variant={state.link ? 'light' : 'subtle'}
                color={state.link ? 'indigo' : 'gray'}
                aria-label={t('compose.link')}
                disabled={off}
                onClick={() => {
                  setHref((editor.getAttributes('link').href as string | undefined) ?? '');
                  setLinkOpen((open) => !open);
                }}
                data-testid="tool-link"
              >
                <IconLink size={18} />
              </ActionIcon>
            </Tooltip>
          </Popover.Target>
          <Popover.Dropdown>
            <Group gap="xs" wrap="nowrap" align="flex-end">
              <TextInput
                size="xs"
                label={t('compose.linkAddress')}
                placeholder="https://"
                value={href}
                onChange={(event) => setHref(event.currentTarget.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    event.preventDefault();
                    applyLink();
                  }
                }}
                w={240}
                data-testid="link-address"
              />
              <Button size="xs" onClick={applyLink} data-testid="link-apply">
                {t('compose.linkApply')}
              </Button>
            </Group>
          </Popover.Dropdown>
        </Popover>
        <FileButton onChange={insertImage} accept={imageTypes}>
          {(props) => (
            <ToolButton
              label={t('compose.image')}
              disabled={off}
              onClick={props.onClick}
              testId="tool-image"
            >
              <IconPhoto size={18} />
            </ToolButton>
          )}
        </FileButton>
      </Group>
      {imageError && (
        <Text size="xs" c="red.7" role="alert" px="xs" data-testid="compose-image-error">
          {imageError}
        </Text>
      )}
      <EditorContent editor={editor} className="sd-rich-content" />
    </Stack>
  );
}
