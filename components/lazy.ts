// What the popup's first screen does not show is loaded on demand, in chunks of its own: the
// views that replace the list (details, create form, new token and its code snippets, look-up)
// the delete dialogs and the export dialog; and what only some people see first: the overview of
// several accounts (fetched as soon as the preload knows there are several, see main.tsx), the
// first run, and a bulk delete's progress (shown only while a job or its report exists). The popup's first JavaScript is then only what paints the list; the
// chunks are fetched after that first paint (`preloadLaterViews`), so opening one is instant.
import { lazy } from 'preact/compat';

const loadViews = () => import('@/components/PopupViews');
const loadDeleteDialog = () => import('@/components/DeleteTokenDialog');
const loadBulkDeleteDialog = () => import('@/components/BulkDeleteDialog');
const loadExportDialog = () => import('@/components/ExportDialog');
export const loadAccountOverview = () => import('@/components/AccountOverview');
const loadBulkDeleteProgress = () => import('@/components/BulkDeleteProgress');
const loadFirstRun = () => import('@/components/FirstRun');

export const LazyPopupViews = lazy(() => loadViews().then((module) => module.PopupViews));
export const LazyDeleteTokenDialog = lazy(() => loadDeleteDialog().then((module) => module.DeleteTokenDialog));
export const LazyBulkDeleteDialog = lazy(() => loadBulkDeleteDialog().then((module) => module.BulkDeleteDialog));
export const LazyExportDialog = lazy(() => loadExportDialog().then((module) => module.ExportDialog));
export const LazyAccountOverview = lazy(() => loadAccountOverview().then((module) => module.AccountOverview));
export const LazyBulkDeleteProgress = lazy(() => loadBulkDeleteProgress().then((module) => module.BulkDeleteProgress));
export const LazyFirstRun = lazy(() => loadFirstRun().then((module) => module.FirstRun));

/** Fetches every lazy chunk (each import runs once, however often it is asked for). */
export function preloadLaterViews(): void {
  for (const load of [loadViews, loadDeleteDialog, loadBulkDeleteDialog, loadExportDialog, loadBulkDeleteProgress])
    void load().catch(() => undefined);
}
