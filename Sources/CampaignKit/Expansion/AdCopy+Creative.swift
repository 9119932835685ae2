extension AdCopy {
    init?(creative c: Creative, platform: Platform) {
        if platform.isSearch {
            guard let s = c.search else { return nil }
            self.init(creative: c.id, headlines: s.headlines.value.map(\.value), descriptions: s.descriptions.value.map(\.value),
                      path1: s.path1?.value, path2: s.path2?.value)
        } else {
            guard let s = c.social else { return nil }
            self.init(creative: c.id, headlines: s.headline.map { [$0.value] } ?? [], descriptions: s.description.map { [$0.value] } ?? [],
                      primaryText: s.primaryText?.value, image: s.image.map { RepoPath.resolve($0.value, in: "Creative") ?? $0.value },
                      callToAction: s.callToAction?.value.rawValue)
        }
    }
}
