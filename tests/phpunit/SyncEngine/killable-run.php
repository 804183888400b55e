<?php

declare(strict_types=1);

/*
 * One run of tests/sync/acme.xml with its state in a FileState, for FaultsTest to kill: it
 * prints "applied N" after the N-th id map entry is stored and then pauses a moment, so
 * that a SIGKILL sent on that line lands between two records.
 *
 * php killable-run.php STATE_FILE VTIGER_URL ACME_API_BASE
 */

[, $statePath, $vtigerUrl, $acmeBase] = $argv;

final class AnnouncingState implements Vtws\Sync\State
{
    private int $applied = 0;

    public function __construct(private readonly Vtws\Sync\State $inner)
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
                $this->applied++;
                fwrite(STDOUT, "applied {$this->applied}\n");
                fflush(STDOUT);
                usleep(300000);
            }
        }
    }
}

$vtiger = new Vtws\Client($vtigerUrl, ['timeout' => 30]);
$vtiger->login('admin', 'vtwsAdminAccessK');
$report = Vtws\Sync\Connector::fromFile(dirname(__DIR__, 2) . '/sync/acme.xml', [
    'vtiger' => $vtiger,
    'state' => new AnnouncingState(new Vtws\Sync\FileState($statePath)),
    'config' => ['apikey' => 'k-123', 'baseUrl' => $acmeBase],
])->run(['pair' => 'Accounts', 'direction' => 'pull']);
fwrite(STDOUT, "done\n");
