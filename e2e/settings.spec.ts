import { expect, test } from './fixtures';

// The Settings page in web mode: the desktop's /metrics switch does not apply, and the page says
// where /metrics is instead (the web server's own).
test('Settings says that in web mode the web server serves /metrics itself', async ({
  appPage,
}) => {
  await appPage.getByRole('button', { name: /Settings/ }).click();
  const card = appPage.getByRole('article', { name: 'Metrics for Prometheus' });
  await expect(card.getByRole('note')).toContainText('the web server serves /metrics itself');
  await expect(card.getByRole('switch')).toHaveCount(0);
});
