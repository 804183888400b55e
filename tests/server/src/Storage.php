<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * Attachment files on disk, laid out as Vtiger 8 lays out its storage/ directory: a file
 * uploaded at time T is copied to storage/YYYY/Month/weekN/<attachmentsid>_<storedname>
 * (decideFilePath(), CRMEntity::uploadAndSaveFile()), and the database holds only where it
 * is: vtiger_attachments (name, type, path, storedname) and vtiger_seattachmentsrel (which
 * record it belongs to). The tree lives beside the SQLite file, in "<database>.files/".
 */
final class Storage
{
    public function __construct(private readonly \PDO $db, private readonly Clock $clock)
    {
    }

    /** The directory standing for Vtiger's root: storage/ is inside it. */
    public static function rootOf(\PDO $db): string
    {
        $file = '';
        foreach ($db->query('PRAGMA database_list')->fetchAll() as $row) {
            if ($row['name'] === 'main') {
                $file = (string) $row['file'];
            }
        }
        return ($file !== '' ? $file : sys_get_temp_dir() . '/vtws-server-memory-' . getmypid()) . '.files';
    }

    /** Removes every stored file (the reset of the database they belong to, or its removal). */
    public static function wipe(\PDO $db): void
    {
        $storage = self::rootOf($db) . '/storage';
        if (!is_dir($storage)) {
            return;
        }
        $entries = new \RecursiveIteratorIterator(
            new \RecursiveDirectoryIterator($storage, \FilesystemIterator::SKIP_DOTS),
            \RecursiveIteratorIterator::CHILD_FIRST,
        );
        foreach ($entries as $entry) {
            $entry->isDir() && !$entry->isLink() ? @rmdir($entry->getPathname()) : @unlink($entry->getPathname());
        }
        @rmdir($storage);
        @rmdir(self::rootOf($db));
    }

    /** decideFilePath(): storage/<year>/<month name>/week<1..5>/, created on demand. */
    public function directory(): string
    {
        $now = $this->clock->now();
        $day = (int) gmdate('j', $now);
        $week = 'week' . min(5, intdiv($day - 1, 7) + 1);
        $relative = 'storage/' . gmdate('Y', $now) . '/' . gmdate('F', $now) . '/' . $week . '/';
        $absolute = self::rootOf($this->db) . '/' . $relative;
        if (!is_dir($absolute) && !@mkdir($absolute, 0777, true) && !is_dir($absolute)) {
            throw new \RuntimeException("cannot create $absolute");
        }
        return $relative;
    }

    /**
     * Vtiger_Util_Helper::getEncryptedFileName(): the stored name hides the original one but
     * keeps what follows its last dot (for a name without a dot, the whole name).
     */
    public static function storedName(string $name): string
    {
        $parts = explode('.', html_entity_decode($name, ENT_QUOTES, 'UTF-8'));
        $extension = array_pop($parts);
        return md5(md5((string) microtime(true)) . implode('.', $parts)) . '.' . $extension;
    }

    /**
     * uploadAndSaveFile(): copies the uploaded file into storage and records it. Returns
     * the new attachment id, or null when the copy fails (Vtiger then stores no attachment).
     */
    public function save(int $attachmentId, int $crmid, string $name, string $type, string $source, string $description = ''): ?int
    {
        $directory = $this->directory();
        $storedName = self::storedName($name);
        if (!@copy($source, self::rootOf($this->db) . '/' . $directory . $attachmentId . '_' . $storedName)) {
            return null;
        }
        $this->db->prepare('INSERT INTO vtiger_attachments (attachmentsid, name, description, type, path, storedname)
            VALUES (?, ?, ?, ?, ?, ?)')->execute([$attachmentId, $name, $description, $type, $directory, $storedName]);
        $this->db->prepare('INSERT INTO vtiger_seattachmentsrel (crmid, attachmentsid) VALUES (?, ?)')
            ->execute([$crmid, $attachmentId]);
        return $attachmentId;
    }

    /** Writes $content as a file uploaded for $crmid (the seed data's attachments). */
    public function saveContent(int $attachmentId, int $crmid, string $name, string $type, string $content): void
    {
        $source = tempnam(sys_get_temp_dir(), 'vtws-seed');
        try {
            file_put_contents($source, $content);
            if ($this->save($attachmentId, $crmid, $name, $type, $source) === null) {
                throw new \RuntimeException("cannot store the attachment $name");
            }
        } finally {
            @unlink($source);
        }
    }

    /** The vtiger_attachments row of an attachment that belongs to a live record, or null. */
    public function find(int $attachmentId): ?array
    {
        $statement = $this->db->prepare('SELECT a.* FROM vtiger_attachments a
            JOIN vtiger_seattachmentsrel r ON r.attachmentsid = a.attachmentsid
            JOIN records c ON c.crmid = r.crmid AND c.deleted = 0
            WHERE a.attachmentsid = ?');
        $statement->execute([$attachmentId]);
        $row = $statement->fetch();
        return $row === false ? null : $row;
    }

    /** Where the file of a vtiger_attachments row is: path . attachmentsid . '_' . storedname. */
    public function fileOf(array $row): string
    {
        return self::rootOf($this->db) . '/' . $row['path'] . $row['attachmentsid'] . '_' . $row['storedname'];
    }
}
