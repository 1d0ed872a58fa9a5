import type { RequestOptions, WeComClient } from '@wecom-kit/core'
import { requestOptions } from '@wecom-kit/core/resource-kit'

interface SimpleDepartment {
  id: number
  parentid: number
  order: number
}

// Department lists are fetched a few at a time: enough to be quick on a big tree, few enough
// to stay far from WeCom's concurrency limit (45033).
const PARALLEL = 4

/**
 * Members of a department and all of its sub-departments, each member once. Current WeCom
 * docs dropped `fetch_child`, so the subtree comes from department/simplelist (which answers
 * the department and every descendant) and each department is listed on its own.
 */
export async function listWholeSubtree<T extends { userlist: { userid: string }[] }>(
  client: WeComClient,
  path: 'user/simplelist' | 'user/list',
  departmentId: number,
  options: RequestOptions,
): Promise<T> {
  const tree = await client.request<{ department_id: SimpleDepartment[] }>('department/simplelist', {
    ...requestOptions(options),
    query: { id: departmentId },
  })
  const ids = [
    departmentId,
    ...(tree.department_id ?? []).map((d) => d.id).filter((id) => id !== departmentId),
  ]

  const pages: T[] = new Array(ids.length)
  let next = 0
  let failed = false
  const worker = async () => {
    while (next < ids.length && !failed) {
      const index = next++
      try {
        pages[index] = await client.request<T>(path, {
          ...requestOptions(options),
          query: { department_id: ids[index] },
        })
      } catch (error) {
        failed = true // the other workers stop taking departments
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker))

  const seen = new Set<string>()
  const userlist: T['userlist'] = []
  for (const page of pages) {
    for (const member of page.userlist ?? []) {
      if (seen.has(member.userid)) continue
      seen.add(member.userid)
      userlist.push(member)
    }
  }
  return { errcode: 0, errmsg: 'ok', userlist } as unknown as T
}
