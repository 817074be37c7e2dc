import { describe, expect, it } from 'vitest';
import { createTranslator, pickLang, translate } from './i18n.ts';

describe('translate', () => {
  it('speaks Korean with the terms of the seed', () => {
    expect(translate('ko', 'prechat.start')).toBe('상담 시작');
    expect(translate('ko', 'compose.send')).toBe('보내기');
    expect(translate('ko', 'leave.button')).toBe('나가기');
    expect(translate('ko', 'author.bot')).toBe('가상 도우미');
  });

  it('fills placeholders', () => {
    expect(translate('en', 'event.agentJoined', { name: 'Jisoo' })).toBe('Jisoo joined');
    expect(translate('en', 'event.position', { position: 2 })).toBe('You are number 2 in line');
    expect(translate('ko', 'event.agentJoined', { name: '지수' })).toContain(
      '상담원이 연결되었습니다',
    );
  });

  it('leaves an unfilled placeholder visible rather than printing undefined', () => {
    expect(translate('en', 'event.agentLeft')).toBe('{name} left the chat');
  });

  it('binds a language in createTranslator', () => {
    expect(createTranslator('ko')('prechat.name')).toBe('이름');
    expect(createTranslator('en')('prechat.email')).toBe('Email');
  });
});

describe('pickLang', () => {
  it.each([
    ['ko', 'en-US', 'ko'],
    ['en', 'ko-KR', 'en'],
    [undefined, 'ko-KR', 'ko'],
    [undefined, 'KO', 'ko'],
    ['fr', 'en-GB', 'en'],
    [undefined, 'ja-JP', 'en'],
  ] as const)('data-lang %s with browser %s → %s', (requested, browser, lang) => {
    expect(pickLang(requested, browser)).toBe(lang);
  });
});
