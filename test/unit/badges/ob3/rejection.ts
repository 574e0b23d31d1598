/** What a promise rejects with, or `undefined` if it fulfils: lets a test assert on the error code. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error;
  }
}
