using Microsoft.Playwright;

namespace PromoScaler.WebConsole.Tests.Support;

/// <summary>Screenshots kept as test artifacts (<c>PROMOSCALER_TEST_ARTIFACTS</c>, else <c>artifacts/</c> beside the test assembly), checked for content.</summary>
internal static class Screenshots
{
    public static string Directory
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable("PROMOSCALER_TEST_ARTIFACTS") is { Length: > 0 } set
                ? set
                : Path.Combine(AppContext.BaseDirectory, "artifacts");
            System.IO.Directory.CreateDirectory(directory);
            return directory;
        }
    }

    /// <summary>Writes a full-page screenshot to <paramref name="name"/>.png and returns its path.</summary>
    public static async Task<string> TakeAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>
    /// Decodes <paramref name="png"/> in <paramref name="browser"/> (a blank page, no network) and answers how many
    /// distinct colours it has and the share of pixels that are not the background (the commonest colour).
    /// </summary>
    public static async Task<(int Colors, double Drawn)> MeasureAsync(IBrowser browser, string png)
    {
        var page = await browser.NewPageAsync();
        try
        {
            var dataUrl = "data:image/png;base64," + Convert.ToBase64String(await File.ReadAllBytesAsync(png));
            var result = await page.EvaluateAsync<double[]>("""
                async (src) => {
                  const img = new Image();
                  img.src = src;
                  await img.decode();
                  const canvas = document.createElement('canvas');
                  canvas.width = img.width; canvas.height = img.height;
                  const ctx = canvas.getContext('2d');
                  ctx.drawImage(img, 0, 0);
                  const d = ctx.getImageData(0, 0, img.width, img.height).data;
                  const counts = new Map();
                  for (let i = 0; i < d.length; i += 4) {
                    const c = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
                    counts.set(c, (counts.get(c) || 0) + 1);
                  }
                  const background = Math.max(...counts.values());
                  return [counts.size, 1 - background / (d.length / 4)];
                }
                """, dataUrl);
            return ((int)result[0], result[1]);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
