<?php

declare(strict_types=1);

/*
 * One pull of tests/sync/acme.xml with its state in a FileState, for FaultsTest to kill:
 * after the PAUSE_AT-th id map entry is stored it prints "applied PAUSE_AT" and waits, so
 * that a SIGKILL sent on that line lands between two records.
 *
 * php killable-run.php STATE_FILE VTIGER_URL ACME_API_BASE PAUSE_AT (the last four arguments)
 */

[$statePath, $vtigerUrl, $acmeBase, $pauseAt] = array_slice($argv, -4);

final class AnnouncingState implements Vtws\Sync\State
{
    private int $applied = 0;

    public function __construct(private readonly Vtws\Sync\State $inner, private readonly int $pauseAt)
    {
    }

    public function load(): array
    {
        return $this->inner->load();
    }

    public function apply(array $changes): void
    {
        $this->inner->apply($changes);
        foreach ($changes['idmap'] ?? [] as $operation) {
            if ($operation['op'] === 'put') {
                if (++$this->applied === $this->pauseAt) {
                    fwrite(STDOUT, "applied {$this->applied}\n");
                    fflush(STDOUT);
                    sleep(120);
                }
            }
        }
    }
}

$vtiger = new Vtws\Client($vtigerUrl, ['timeout' => 30]);
$vtiger->login('admin', 'vtwsAdminAccessK');
$report = Vtws\Sync\Connector::fromFile(dirname(__DIR__, 2) . '/sync/acme.xml', [
    'vtiger' => $vtiger,
    'state' => new AnnouncingState(new Vtws\Sync\FileState($statePath), (int) $pauseAt),
    'config' => ['apikey' => 'k-123', 'baseUrl' => $acmeBase],
])->run(['pair' => 'Accounts', 'direction' => 'pull']);
fwrite(STDOUT, "done\n");
