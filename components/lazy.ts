// What the popup's first screen does not show is loaded on demand, in chunks of its own: the
// views that replace the list (details, create form, new token and its code snippets, look-up)
// the delete dialogs and the export dialog. The popup's first JavaScript is then only what paints the list; the
// chunks are fetched after that first paint (`preloadLaterViews`), so opening one is instant.
import { lazy } from 'preact/compat';

const loadViews = () => import('@/components/PopupViews');
const loadDeleteDialog = () => import('@/components/DeleteTokenDialog');
const loadBulkDeleteDialog = () => import('@/components/BulkDeleteDialog');
const loadExportDialog = () => import('@/components/ExportDialog');

export const LazyPopupViews = lazy(() => loadViews().then((module) => module.PopupViews));
export const LazyDeleteTokenDialog = lazy(() => loadDeleteDialog().then((module) => module.DeleteTokenDialog));
export const LazyBulkDeleteDialog = lazy(() => loadBulkDeleteDialog().then((module) => module.BulkDeleteDialog));
export const LazyExportDialog = lazy(() => loadExportDialog().then((module) => module.ExportDialog));

/** Fetches every lazy chunk (each import runs once, however often it is asked for). */
export function preloadLaterViews(): void {
  for (const load of [loadViews, loadDeleteDialog, loadBulkDeleteDialog, loadExportDialog])
    void load().catch(() => undefined);
}
