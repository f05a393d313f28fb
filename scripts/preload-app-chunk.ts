import type { HtmlTagDescriptor, IndexHtmlTransformContext, Plugin } from 'vite';

/** The dashboard's own code, which the small entry imports as soon as it has sent its first request. */
const APP_MODULE = /\/renderer\/start-app\.ts$/;

type OutputBundle = NonNullable<IndexHtmlTransformContext['bundle']>;

/** The app chunk and the chunks it imports statically, with its styles. */
function appChunks(bundle: OutputBundle): { scripts: string[]; styles: string[] } {
  const app = Object.values(bundle).find((output) => output.type === 'chunk' && output.facadeModuleId !== null && APP_MODULE.test(output.facadeModuleId));
  if (app === undefined || app.type !== 'chunk') throw new Error('the renderer build has no chunk for renderer/start-app.ts');
  const styles = [...(app.viteMetadata?.importedCss ?? [])];
  // The entry is in the page already.
  const imports = app.imports.filter((fileName) => {
    const imported = bundle[fileName];
    return imported?.type === 'chunk' && !imported.isEntry;
  });
  return { scripts: [app.fileName, ...imports], styles };
}

/**
 * Lets the browser fetch and compile the app chunk while it still runs the entry: the entry
 * imports it dynamically (so that the first request leaves before the app's code is parsed), and
 * without a hint the browser would only discover it once the entry had run. The entry's other
 * dynamic imports (the HTTP answer checks) are left out: the desktop window, which talks IPC,
 * never loads them.
 */
export function preloadAppChunk(): Plugin {
  return {
    name: 'driveshare-preload-app-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context): HtmlTagDescriptor[] {
        if (context.bundle === undefined) return [];
        const { scripts, styles } = appChunks(context.bundle);
        return [
          ...scripts.map((fileName): HtmlTagDescriptor => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${fileName}` }, injectTo: 'head' })),
          ...styles.map((fileName): HtmlTagDescriptor => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `./${fileName}` }, injectTo: 'head' })),
        ];
      },
    },
  };
}
