/** Test helper: an hour-long talk on 1 July 2026 titled `title`, asking for nothing. */
export const talk = (title: string) => ({
	title,
	start: '2026-07-01T10:00:00Z',
	end: '2026-07-01T11:00:00Z',
	tags: [],
	requests: []
});
