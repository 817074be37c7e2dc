import { createTheme } from '@mantine/core';

const fontStack = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Pretendard',
  '"Apple SD Gothic Neo"',
  '"Noto Sans KR"',
  '"Malgun Gothic"',
  'Roboto',
  'sans-serif',
].join(', ');

/** A calm, dense look for people who spend their shift in it. */
export const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily: fontStack,
  headings: { fontFamily: fontStack },
  defaultRadius: 'sm',
  cursorType: 'pointer',
});

/** State colours used wherever an agent's availability shows. */
export const stateColors = {
  available: 'green',
  idle: 'yellow',
  rona: 'red',
  offline: 'gray',
  /** Derived, not a presence: Available and holding contacts (R-AV-1). */
  engaged: 'blue',
} as const;
