import { describe, expect, it } from 'vitest';
import { readEmbedConfig } from './embed-config.ts';

const page = 'https://shop.example.com/products/mug';

describe('readEmbedConfig', () => {
  it('takes the server from the script src and the entry point from data-entry-point', () => {
    const config = readEmbedConfig(
      {
        src: 'https://help.example.com/widget/sangdam-widget.js',
        dataset: { entryPoint: '6f1c0e2a-4b8d-4c47-9a3e-2f1e5d7c9b10' },
      },
      page,
      'en-US',
    );
    expect(config).toEqual({
      server: 'https://help.example.com',
      entryPointId: '6f1c0e2a-4b8d-4c47-9a3e-2f1e5d7c9b10',
      lang: 'en',
    });
  });

  it('lets data-server override the origin of the script', () => {
    const config = readEmbedConfig(
      {
        src: 'https://cdn.example.net/sangdam-widget.js',
        dataset: { server: 'https://cc.example.com/' },
      },
      page,
      'ko-KR',
    );
    expect(config.server).toBe('https://cc.example.com');
    expect(config.lang).toBe('ko');
  });

  it('uses the default entry point when data-entry-point is empty', () => {
    const config = readEmbedConfig(
      { src: '/widget/sangdam-widget.js', dataset: { entryPoint: '', lang: 'en' } },
      'http://localhost:3000/demo',
      'ko',
    );
    expect(config).toEqual({ server: 'http://localhost:3000', entryPointId: null, lang: 'en' });
  });
});
