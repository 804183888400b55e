<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;
use Vtws\TestServer\IdLadder;
use Vtws\TestServer\WebServiceException;

/** files_retrieve (include/Webservices/FileRetrieve.php): the id is <module prefix>x<attachment id>. */
final class Files
{
    public function __construct(private readonly Context $ctx)
    {
    }

    public function retrieve(?string $id, ?array $user): array
    {
        $this->ctx->ids->moduleOf($id);
        $attachmentId = IdLadder::leadingInt(explode('x', (string) $id, 2)[1] ?? '');
        $statement = $this->ctx->db->prepare('SELECT * FROM attachments WHERE attachmentsid = ?');
        $statement->execute([$attachmentId]);
        $row = $statement->fetch();
        if ($row === false) {
            throw new WebServiceException('RECORD_NOT_FOUND', 'Record you are trying to access is not found');
        }
        return [[
            'fileid' => (string) $row['attachmentsid'], 'filename' => $row['name'], 'filetype' => $row['type'],
            'filesize' => strlen((string) $row['content']), 'filecontents' => base64_encode((string) $row['content']),
        ]];
    }
}
