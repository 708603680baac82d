import { useEffect, useState } from 'react';
import { createKernelLab } from './model/kernel-store.ts';
import { createLab } from './model/lab-store.ts';
import { loadSettings } from './model/settings.ts';

/** One lab model per page visit: created on mount, started in an effect, disposed on leave. */
export function useLabModel() {
  const [model] = useState(() => {
    const kernels = createKernelLab(loadSettings().kernelSize);
    return { kernels, lab: createLab(kernels) };
  });
  useEffect(() => {
    model.kernels.start();
    void model.lab.init();
    return () => {
      model.lab.dispose();
      model.kernels.dispose();
    };
  }, [model]);
  return model;
}
