/** The signed-in person's own load on their worklist, kept current as cases change. */
import { useEffect, useRef, useState } from 'react';
import type { PersonLoad } from '../../shared/api/workload';
import { call } from '../api/client';
import { useAppEvent } from '../api/hooks';
import { useI18n } from '../i18n/I18nProvider';
import { LoadMeter } from './LoadMeter';
import './workload.css';

const REFRESH_DELAY_MS = 1000;

export function MyLoadMeter() {
  const { t } = useI18n();
  const [load, setLoad] = useState<PersonLoad | null>(null);
  const [reads, setReads] = useState(0);
  useEffect(() => {
    let current = true;
    void call('workload/myLoad', {}).then((result) => {
      if (current && result.ok) setLoad(result.data);
    });
    return () => {
      current = false;
    };
  }, [reads]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useAppEvent('instances/changed', () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setReads((n) => n + 1), REFRESH_DELAY_MS);
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return load ? <LoadMeter load={load} label={t('workload.meter.mine')} testId="my-load" /> : null;
}
