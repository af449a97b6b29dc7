using Microsoft.Playwright;

namespace Callaro.EndToEnd.Tests.Browser;

/// <summary>Debian's chromium, headless, driven by Playwright; never a downloaded browser.</summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: run ./test.sh (or tests/Callaro.EndToEnd.Tests/install-prerequisites.sh), which installs Debian's chromium.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }

    /// <summary>Where screenshots land: TestResults/screenshots at the repository root.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Callaro.Functions.sln"))) dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
