import type { PredefinedResponse } from '@sangdam/contracts';
import { apiRequest } from '../../../lib/http-client.ts';

export async function fetchPredefinedResponses(): Promise<PredefinedResponse[]> {
  return (await apiRequest<{ responses: PredefinedResponse[] }>('/predefined-responses')).responses;
}
