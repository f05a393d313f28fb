import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayHealth, TrayMenuItem, TrayView } from './tray-state.js';

/** Turns a TrayView (plain data from tray-state.ts) into Electron's tray icon, tooltip and menu. */
export class AppTray {
  readonly #tray: Tray;
  readonly #iconDir: string;
  readonly #onAction: (action: TrayAction) => void;
  #health: TrayHealth | null = null;

  constructor(iconDir: string, onAction: (action: TrayAction) => void) {
    this.#iconDir = iconDir;
    this.#onAction = onAction;
    this.#tray = new Tray(this.#icon('warning'));
    // Windows and Linux open the menu on right click; a left click should bring the window.
    this.#tray.on('click', () => onAction('open-window'));
  }

  update(view: TrayView): void {
    if (view.health !== this.#health) {
      this.#health = view.health;
      this.#tray.setImage(this.#icon(view.health));
    }
    this.#tray.setToolTip(view.tooltip);
    this.#tray.setContextMenu(Menu.buildFromTemplate(view.menu.map((item) => this.#menuItem(item))));
  }

  destroy(): void {
    this.#tray.destroy();
  }

  #icon(health: TrayHealth): Electron.NativeImage {
    // createFromPath picks tray-<health>@2x.png on high-density screens by itself.
    return nativeImage.createFromPath(join(this.#iconDir, `tray-${health}.png`));
  }

  #menuItem(item: TrayMenuItem): MenuItemConstructorOptions {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'checkbox':
        return { label: item.label, type: 'checkbox', checked: item.checked, click: () => this.#onAction(item.action) };
      case 'action':
        return { label: item.label, click: () => this.#onAction(item.action) };
    }
  }
}
