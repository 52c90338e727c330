/**
 * What the actors of one conversation showed of each reply, seen through their snapshots: every
 * partial text (v1.1 streaming) per job, and the page in which each completed reply was first
 * shown. A reload opens a new page: its texts start again from the server's `partial`, and the
 * replies it reads with the transcript were shown before.
 */
export function createReplyWatch() {
  /** Every distinct partial text shown, per job, over all pages. */
  const shown = new Map();
  /** The last partial text shown per job in the current page. */
  let lastInPage = new Map();
  /** The page (1, 2, ...) in which each job's completed reply was first shown. */
  const firstShownIn = new Map();
  let page = 0;
  const shrinks = [];
  return {
    /** A new actor (a reload). */
    newPage() {
      page += 1;
      lastInPage = new Map();
    },
    observe(messages) {
      for (const m of messages) {
        if (m.role !== "coach" || m.jobId === undefined) continue;
        if (!m.partial) {
          if (!firstShownIn.has(m.jobId)) firstShownIn.set(m.jobId, page);
          continue;
        }
        const previous = lastInPage.get(m.jobId);
        if (previous === m.content) continue;
        if (previous !== undefined && !m.content.startsWith(previous)) shrinks.push(`${m.jobId}: "${previous}" then "${m.content}"`);
        lastInPage.set(m.jobId, m.content);
        const texts = shown.get(m.jobId) ?? [];
        texts.push(m.content);
        shown.set(m.jobId, texts);
      }
    },
    /** The reply reached the current page only through the transcript read when it opened. */
    shownBeforeThisPage: (jobId) => (firstShownIn.get(jobId) ?? page) < page,
    /**
     * Checks every text shown against its job on the server: a prefix of the completed reply (the
     * stopped reply's text, for a stopped one). A job that failed after streaming has no reply to
     * compare with; it is counted apart.
     */
    checkTexts(serverJobs) {
      const jobs = new Map(serverJobs.map((job) => [job.jobId, job]));
      const garbled = [];
      let texts = 0;
      let streamedThenFailed = 0;
      for (const [jobId, list] of shown) {
        texts += list.length;
        const job = jobs.get(jobId);
        if (job?.status === "FAILED") {
          streamedThenFailed += 1;
          continue;
        }
        const final = job?.status === "COMPLETED" ? job.result.reply.content : null;
        if (final === null) {
          garbled.push(`${jobId}: text shown for a job the server has ${job ? `as ${job.status}` : "not in this session"}`);
          continue;
        }
        for (const text of list) if (!final.startsWith(text)) garbled.push(`${jobId}: "${text}" is not a prefix of "${final}"`);
      }
      return { jobs: shown.size, texts, streamedThenFailed, garbled, shrinks: [...shrinks] };
    },
  };
}
