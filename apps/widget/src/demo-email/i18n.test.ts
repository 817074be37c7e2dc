import { describe, expect, it } from 'vitest';
import { demoErrorText, demoText } from './i18n.ts';

describe('the email demo page’s words', () => {
  it('speaks Korean and fills the agent’s name', () => {
    expect(demoText('ko', 'form.send')).toBe('이메일 보내기');
    expect(demoText('ko', 'mails.answer', { name: '김지수' })).toBe('김지수님의 답장');
    expect(demoText('en', 'mails.answer', { name: 'Jisoo' })).toBe('Answer from Jisoo');
  });

  it('names its own errors and the mail receiver’s refusals by code, in both languages', () => {
    expect(demoErrorText('en', 'NOT_FOUND')).toContain('email demo is off');
    expect(demoErrorText('ko', 'DEMO_MAIL_REFUSED')).toBe('지원 주소가 이 메일을 받지 않았습니다.');
    expect(demoErrorText('en', 'DEMO_MAIL_UNAVAILABLE')).toContain('not available');
    expect(demoErrorText('en', 'SOMETHING_NEW')).toBe(demoErrorText('en', 'INTERNAL'));
  });
});
