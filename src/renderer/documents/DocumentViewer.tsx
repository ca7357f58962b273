/**
 * Shows a document inside the app: a PDF (pages, previous/next, zoom, rotation) with PDF.js, an image
 * (zoom, rotation), text and XML as text; anything else can be downloaded. Reusable: it takes the
 * bytes, so case attachments and archive scans use it alike; `DocumentVersionViewer` loads a case
 * document's version by id.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import type { ApiError } from '../../shared/api/errors';
import { call } from '../api/client';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { base64ToBytes, previewKind, typeLabel } from './documentFormat';
import { openPdf } from './pdfjs';
import './documents.css';
import { CloseButton } from '../components/CloseButton';

export interface ViewableFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  /** Shown under the document, so what is on screen can be matched with what was registered. */
  sha256?: string;
}

const ZOOM_STEPS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;
/** The whole page (or image) in view, or one of ZOOM_STEPS. */
type Zoom = 'fit' | number;

function nextZoom(current: number, direction: 1 | -1): number {
  if (direction === 1) return ZOOM_STEPS.find((step) => step > current + 1e-6) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
  return [...ZOOM_STEPS].reverse().find((step) => step < current - 1e-6) ?? ZOOM_STEPS[0];
}

interface ViewState {
  zoom: Zoom;
  /** Clockwise, in degrees: 0, 90, 180 or 270. */
  rotation: number;
}

function useViewState(initialZoom: Zoom) {
  const [state, setState] = useState<ViewState>({ zoom: initialZoom, rotation: 0 });
  /** The zoom actually applied, known once a fitted page or image has been measured. */
  const [effectiveZoom, setEffectiveZoom] = useState(1);
  const zoomBy = useCallback(
    (direction: 1 | -1) => setState((s) => ({ ...s, zoom: nextZoom(s.zoom === 'fit' ? effectiveZoom : s.zoom, direction) })),
    [effectiveZoom],
  );
  const rotate = useCallback(() => setState((s) => ({ ...s, rotation: (s.rotation + 90) % 360 })), []);
  const fit = useCallback(() => setState((s) => ({ ...s, zoom: 'fit' })), []);
  return { ...state, effectiveZoom, setEffectiveZoom, zoomBy, rotate, fit };
}

type ViewControls = ReturnType<typeof useViewState>;

function ViewerToolbar({ view, children }: { view: ViewControls; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="viewer-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
      {children}
      <span className="viewer-toolbar-group">
        <button
          type="button"
          className="btn btn-small"
          data-testid="viewer-zoom-out"
          aria-label={t('viewer.zoomOut')}
          title={`${t('viewer.zoomOut')} (-)`}
          disabled={view.effectiveZoom <= ZOOM_STEPS[0] + 1e-6}
          onClick={() => view.zoomBy(-1)}
        >
          −
        </button>
        <span className="viewer-zoom" data-testid="viewer-zoom-level" aria-live="polite">
          {t('viewer.zoomLevel', { percent: Math.round(view.effectiveZoom * 100) })}
        </span>
        <button
          type="button"
          className="btn btn-small"
          data-testid="viewer-zoom-in"
          aria-label={t('viewer.zoomIn')}
          title={`${t('viewer.zoomIn')} (+)`}
          disabled={view.effectiveZoom >= ZOOM_STEPS[ZOOM_STEPS.length - 1]! - 1e-6}
          onClick={() => view.zoomBy(1)}
        >
          +
        </button>
        <button type="button" className="btn btn-small" data-testid="viewer-fit" aria-pressed={view.zoom === 'fit'} onClick={view.fit}>
          {t('viewer.fitPage')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          data-testid="viewer-rotate"
          aria-label={t('viewer.rotate')}
          title={`${t('viewer.rotate')} (R)`}
          onClick={view.rotate}
        >
          <Icon name="refresh" />
          {t('viewer.rotateShort')}
        </button>
      </span>
    </div>
  );
}

/** Keys shared by both views: + and - zoom, R rotates; `extra` handles the rest (page keys). */
function viewerKeys(view: ViewControls, extra: (key: string) => boolean = () => false) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.target instanceof HTMLInputElement || event.altKey || event.ctrlKey || event.metaKey) return;
    let handled = true;
    if (event.key === '+' || event.key === '=') view.zoomBy(1);
    else if (event.key === '-') view.zoomBy(-1);
    else if (event.key === 'r' || event.key === 'R') view.rotate();
    else handled = extra(event.key);
    if (handled) event.preventDefault();
  };
}

interface Size {
  width: number;
  height: number;
}

/** Room for the page or image inside the scrolling area (its padding excluded). */
function useAvailableSize(element: HTMLElement | null): Size {
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useEffect(() => {
    if (!element) return;
    // The observer also reports the first size as soon as it starts observing.
    const observer = new ResizeObserver(() =>
      setSize({ width: element.clientWidth - PAGE_MARGIN, height: element.clientHeight - PAGE_MARGIN }),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return size;
}

/** The viewer-scroll padding on both sides. */
const PAGE_MARGIN = 24;

/** The scale at which `content` fits entirely in `room`. */
function fitScale(content: Size, room: Size): number {
  return Math.max(0.05, Math.min(room.width / content.width, room.height / content.height));
}

function PdfView({ bytes, onFailure }: { bytes: Uint8Array; onFailure(): void }) {
  const { t } = useI18n();
  const view = useViewState('fit');
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [pageNumber, setPageNumber] = useState(1);
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const room = useAvailableSize(scroller);
  const { setEffectiveZoom } = view;

  useEffect(() => {
    let closed = false;
    let close: (() => Promise<void>) | null = null;
    openPdf(bytes).then(
      (opened) => {
        if (closed) return void opened.close();
        close = opened.close;
        setPdf(opened.document);
        setPageNumber(1);
      },
      () => {
        if (!closed) onFailure();
      },
    );
    return () => {
      closed = true;
      setPdf(null);
      void close?.();
    };
  }, [bytes, onFailure]);

  useEffect(() => {
    if (!pdf || !canvas.current || room.width <= 0 || room.height <= 0) return;
    let task: RenderTask | null = null;
    let cancelled = false;
    const target = canvas.current;
    void pdf.getPage(pageNumber).then((page) => {
      if (cancelled) return;
      const rotation = (page.rotate + view.rotation) % 360;
      const natural = page.getViewport({ scale: 1, rotation });
      const scale = view.zoom === 'fit' ? fitScale(natural, room) : view.zoom;
      setEffectiveZoom(scale);
      const viewport = page.getViewport({ scale, rotation });
      const ratio = window.devicePixelRatio || 1;
      target.width = Math.floor(viewport.width * ratio);
      target.height = Math.floor(viewport.height * ratio);
      target.style.width = `${Math.floor(viewport.width)}px`;
      target.style.height = `${Math.floor(viewport.height)}px`;
      task = page.render({
        canvas: target,
        viewport,
        ...(ratio !== 1 ? { transform: [ratio, 0, 0, ratio, 0, 0] } : {}),
      });
      task.promise.then(
        () => target.setAttribute('data-rendered-page', String(pageNumber)),
        () => {}, // cancelled by a newer render
      );
    }, onFailure);
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, pageNumber, view.zoom, view.rotation, room, setEffectiveZoom, onFailure]);

  const pages = pdf?.numPages ?? 0;
  const goTo = (page: number) => setPageNumber(Math.min(Math.max(page, 1), Math.max(pages, 1)));
  const onKeyDown = viewerKeys(view, (key) => {
    if (key === 'PageDown' || key === 'ArrowRight') goTo(pageNumber + 1);
    else if (key === 'PageUp' || key === 'ArrowLeft') goTo(pageNumber - 1);
    else if (key === 'Home') goTo(1);
    else if (key === 'End') goTo(pages);
    else return false;
    return true;
  });

  return (
    <div className="viewer-pdf" onKeyDown={onKeyDown}>
      <ViewerToolbar view={view}>
        <span className="viewer-toolbar-group">
          <button
            type="button"
            className="btn btn-small"
            data-testid="viewer-previous"
            aria-label={t('viewer.previous')}
            title={`${t('viewer.previous')} (PgUp)`}
            disabled={pageNumber <= 1}
            onClick={() => goTo(pageNumber - 1)}
          >
            ‹
          </button>
          <span className="viewer-page" data-testid="viewer-page" aria-live="polite">
            {pages > 0 ? t('viewer.page', { page: pageNumber, pages }) : t('viewer.loading')}
          </span>
          <button
            type="button"
            className="btn btn-small"
            data-testid="viewer-next"
            aria-label={t('viewer.next')}
            title={`${t('viewer.next')} (PgDn)`}
            disabled={pageNumber >= pages}
            onClick={() => goTo(pageNumber + 1)}
          >
            ›
          </button>
        </span>
      </ViewerToolbar>
      <div ref={setScroller} className="viewer-scroll" tabIndex={0} data-testid="viewer-scroll">
        <canvas ref={canvas} className="viewer-page-canvas" data-testid="viewer-canvas" data-rotation={view.rotation} />
      </div>
    </div>
  );
}

function ImageView({ bytes, contentType, filename }: { bytes: Uint8Array; contentType: string; filename: string }) {
  const view = useViewState('fit');
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const room = useAvailableSize(scroller);
  const url = useObjectUrl(bytes, contentType);
  const { setEffectiveZoom } = view;

  const sideways = view.rotation % 180 !== 0;
  const box = natural ? { width: sideways ? natural.height : natural.width, height: sideways ? natural.width : natural.height } : null;
  // Fitting never enlarges a small image beyond its own size.
  const scale = box ? (view.zoom === 'fit' ? Math.min(1, fitScale(box, room)) : view.zoom) : 1;
  useEffect(() => setEffectiveZoom(scale), [scale, setEffectiveZoom]);

  return (
    <div className="viewer-image" onKeyDown={viewerKeys(view)}>
      <ViewerToolbar view={view} />
      <div ref={setScroller} className="viewer-scroll" tabIndex={0} data-testid="viewer-scroll">
        <div
          className="viewer-image-frame"
          style={box ? { width: box.width * scale, height: box.height * scale } : undefined}
          data-rotation={view.rotation}
        >
          <img
            src={url}
            alt={filename}
            data-testid="viewer-image"
            onLoad={(event) => setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
            style={
              natural
                ? {
                    width: natural.width * scale,
                    height: natural.height * scale,
                    transform: `translate(-50%, -50%) rotate(${view.rotation}deg)`,
                  }
                : { visibility: 'hidden' }
            }
          />
        </div>
      </div>
    </div>
  );
}

function TextView({ bytes }: { bytes: Uint8Array }) {
  const text = useMemo(() => {
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
    return new TextDecoder(utf16 ?? 'utf-8').decode(bytes);
  }, [bytes]);
  return (
    <div className="viewer-scroll" tabIndex={0} data-testid="viewer-scroll">
      <pre className="viewer-text" data-testid="viewer-text">
        {text}
      </pre>
    </div>
  );
}

/** A blob: URL for the bytes (img-src and downloads accept blob:), revoked when no longer shown. */
function useObjectUrl(bytes: Uint8Array, contentType: string): string {
  const url = useMemo(() => URL.createObjectURL(new Blob([bytes.slice()], { type: contentType })), [bytes, contentType]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return url;
}

export function DocumentViewer({
  file,
  onClose,
  actions,
}: {
  file: ViewableFile;
  onClose?: () => void;
  /** Replace the download of the original (the archive offers stamped copies instead). */
  actions?: ReactNode;
}) {
  const { t } = useI18n();
  const [failed, setFailed] = useState(false);
  const onFailure = useCallback(() => setFailed(true), []);
  const downloadUrl = useObjectUrl(file.bytes, file.contentType);
  const kind = previewKind(file.contentType);

  let body: ReactNode;
  if (failed)
    body = (
      <Notice kind="warning" testId="viewer-error">
        {t('viewer.error')}
      </Notice>
    );
  else if (kind === 'pdf') body = <PdfView bytes={file.bytes} onFailure={onFailure} />;
  else if (kind === 'image') body = <ImageView bytes={file.bytes} contentType={file.contentType} filename={file.filename} />;
  else if (kind === 'text') body = <TextView bytes={file.bytes} />;
  else if (kind === 'signed')
    body = (
      <Notice kind="warning" testId="viewer-signed">
        {t('viewer.signed')}
      </Notice>
    );
  else
    body = (
      <Notice kind="warning" testId="viewer-unsupported">
        {t('viewer.unsupported', { type: typeLabel(file.contentType) })}
      </Notice>
    );

  return (
    <section
      className="viewer"
      data-testid="document-viewer"
      data-content-type={file.contentType}
      aria-label={t('viewer.title', { filename: file.filename })}
    >
      <header className="viewer-head">
        <h2 className="viewer-title" title={file.filename}>
          {file.filename}
        </h2>
        {actions ?? (
          <a className="btn btn-small" href={downloadUrl} download={file.filename} data-testid="viewer-download">
            {t('viewer.download')}
          </a>
        )}
        {onClose && <CloseButton onClick={onClose} testId="viewer-close" />}
      </header>
      <div className="viewer-body">{body}</div>
      {file.sha256 && (
        <footer className="viewer-foot cell-mono" data-testid="viewer-sha256">
          {t('viewer.integrity', { hash: file.sha256 })}
        </footer>
      )}
    </section>
  );
}

/** Loads one version of a case document (`documents/read`) and shows it. */
export function DocumentVersionViewer({ versionId, onClose }: { versionId: number; onClose?: () => void }) {
  const { t } = useI18n();
  /** The answer for one version id: an answer for another id (the previous one) is not shown. */
  const [loaded, setLoaded] = useState<{ versionId: number; file: ViewableFile | null; error: ApiError | null } | null>(null);

  useEffect(() => {
    let current = true;
    void call('documents/read', { versionId }).then((result) => {
      if (!current) return;
      if (result.ok) {
        const { filename, contentType, sha256, contentBase64 } = result.data;
        setLoaded({ versionId, file: { filename, contentType, sha256, bytes: base64ToBytes(contentBase64) }, error: null });
      } else {
        setLoaded({ versionId, file: null, error: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [versionId]);

  const file = loaded?.versionId === versionId ? loaded.file : null;
  const error = loaded?.versionId === versionId ? loaded.error : null;

  if (file) return <DocumentViewer file={file} {...(onClose ? { onClose } : {})} />;
  return (
    <section className="viewer" data-testid="document-viewer" aria-busy={!error}>
      <header className="viewer-head">
        <span className="viewer-title">{error ? '' : t('viewer.loading')}</span>
        {onClose && <CloseButton onClick={onClose} testId="viewer-close" />}
      </header>
      {error && (
        <div className="viewer-body">
          <Notice kind="error" testId="viewer-error">
            {errorMessage(error, t)}
          </Notice>
        </div>
      )}
    </section>
  );
}
