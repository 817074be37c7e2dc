import type { ReferenceData } from '@sangdam/contracts';
import { apiRequest } from '../../../lib/http-client.ts';

export function fetchReferenceData(): Promise<ReferenceData> {
  return apiRequest<ReferenceData>('/reference');
}
