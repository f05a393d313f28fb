import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayHealth, TrayMenuItem, TrayView } from './tray-state.js';

/**
 * Electron's tray pieces, taken as parameters (the app passes `{ Tray, Menu, nativeImage }`) so
 * this module imports nothing from Electron at run time and runs under Node in tests. `Menu` and
 * `Image` are whatever the toolkit's menu builder and image loader return.
 */
export interface TrayIcon<Menu, Image> {
  on(event: 'click', listener: () => void): unknown;
  setImage(image: Image): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: Menu | null): void;
  destroy(): void;
}

export interface TrayToolkit<Menu, Image> {
  Tray: new (image: Image) => TrayIcon<Menu, Image>;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): Menu };
  nativeImage: { createFromPath(path: string): Image };
}

/** What the shell's controller needs of a tray, whatever toolkit draws it. */
export interface ShellTray {
  update(view: TrayView): void;
  destroy(): void;
}

/** Turns a TrayView (plain data from tray-state.ts) into the toolkit's tray icon, tooltip and menu. */
export class AppTray<Menu, Image> implements ShellTray {
  readonly #toolkit: TrayToolkit<Menu, Image>;
  readonly #tray: TrayIcon<Menu, Image>;
  readonly #iconDir: string;
  readonly #onAction: (action: TrayAction) => void;
  #health: TrayHealth | null = null;

  constructor(toolkit: TrayToolkit<Menu, Image>, iconDir: string, onAction: (action: TrayAction) => void) {
    this.#toolkit = toolkit;
    this.#iconDir = iconDir;
    this.#onAction = onAction;
    this.#tray = new toolkit.Tray(this.#icon('warning'));
    // Windows and Linux open the menu on right click; a left click should bring the window.
    this.#tray.on('click', () => onAction('open-window'));
  }

  update(view: TrayView): void {
    if (view.health !== this.#health) {
      this.#health = view.health;
      this.#tray.setImage(this.#icon(view.health));
    }
    this.#tray.setToolTip(view.tooltip);
    this.#tray.setContextMenu(this.#toolkit.Menu.buildFromTemplate(view.menu.map((item) => this.#menuItem(item))));
  }

  destroy(): void {
    this.#tray.destroy();
  }

  #icon(health: TrayHealth): Image {
    // createFromPath picks tray-<health>@2x.png on high-density screens by itself.
    return this.#toolkit.nativeImage.createFromPath(join(this.#iconDir, `tray-${health}.png`));
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
